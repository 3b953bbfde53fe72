"""Resolution: from per-file facts to cross-file meaning (imports, mounts, URLs)."""
