"""Constants of the resident's own access."""

# Set in the session when a resident logged in with a link; such sessions only reach /mijn/.
PORTAL_SESSION_KEY = "portal_resident_account"

TRAIL_PAGE_SIZE = 25
