from wijkverband.agreements import diagrams


def test_din_svg_draws_every_node_and_link_and_escapes_text():
    graph = diagrams.DinGraph(
        ambition="Vitale wijk <script>",
        strategic=[diagrams.Node("s1", "Betere gezondheid"), diagrams.Node("s2", "Lagere kosten")],
        operational=[(diagrams.Node("o1", "Welzijn +2"), "s1"), (diagrams.Node("o2", "Minder opnames"), "s2")],
        efforts=[(diagrams.Node("e1", "Keukentafelgesprekken"), ["o1", "o2"])],
    )

    svg = diagrams.din_svg(graph, title="DIN Ruwaard")

    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 6
    # ambition→2 strategic, 2 strategic→operational, one effort serving two goals.
    assert svg.count("<line") == 6
