'use client';

import { useEffect, useState } from 'react';

export function TagCloud() {
  const [tags, setTags] = useState<string[]>([]);

  useEffect(() => {
    // mistake: basePath is not added to fetch() -- this requests /api/tags, a 404
    fetch('/api/tags')
      .then((res) => res.json())
      .then(setTags);
  }, []);

  return <p>{tags.join(' · ')}</p>;
}
