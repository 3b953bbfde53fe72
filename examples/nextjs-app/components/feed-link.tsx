'use client';

import { useEffect, useState } from 'react';
import { BASE_PATH } from '@/lib/api';

export function FeedLink() {
  const [count, setCount] = useState(0);

  useEffect(() => {
    // /kb/feed.xml is rewritten to the /kb/api/feed route handler (next.config.mjs)
    fetch(`${BASE_PATH}/feed.xml`)
      .then((res) => res.text())
      .then((xml) => setCount(xml.split('<item>').length - 1));
  }, []);

  return <a href={`${BASE_PATH}/feed.xml`}>RSS ({count} items)</a>;
}
