// htmx posts need the CSRF token; read it from the cookie-free hidden input on the page.
document.addEventListener("htmx:configRequest", function (event) {
  var input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) {
    event.detail.headers["X-CSRFToken"] = input.value;
  }
});
