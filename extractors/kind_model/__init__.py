"""restrack's learned kind decision: which candidate values are targets (issue 9).

``data`` labels the rules' candidates of annotated documents (SPEC §5 gold) by document,
``train`` fits a spaCy text classifier over the candidates' feature tokens, ``use`` is the
component row assembly calls, ``evaluate`` compares rules, model and both on held-out
documents.
"""
