"""The review page: a web workbench over a run folder (``restrack review serve``).

``app.create_app(DIR)`` builds the FastAPI application; ``state.Workbench`` holds the run's
rows with the corrections log applied and follows the log; ``auth`` checks reviewers'
tokens and CSRF tokens; ``render`` turns a document's text and spans into escaped pieces.
Templates and static files ship in the package (no CDN, no build step).
"""
