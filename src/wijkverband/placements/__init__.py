"""Uitstroom: the route from protected living or a shelter to an own home (issue 5).

For now only the pure matcher (``matching.py``); the Django app (models, pages, API) builds on it.
"""
