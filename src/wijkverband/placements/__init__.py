"""Uitstroom: the route from protected living or a shelter to an own home (issue 5).

``matching.py`` is the pure matcher; ``instances.py`` builds its input from the database; the rest is the
Django route (applications, profiles, offers, match runs, placements, tripartite agreement, omklap).
"""
