"""Linking: path templates (``templates``), the route table (``matcher``) and findings."""
