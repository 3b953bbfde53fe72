'use client';

import { useEffect, useState } from 'react';
import { BASE_PATH } from '@/lib/api';

export function FilePreview({ folder, name }: { folder: string; name: string }) {
  const [src, setSrc] = useState<string | null>(null);

  useEffect(() => {
    fetch(`${BASE_PATH}/api/files/${folder}/${name}`)
      .then((res) => res.blob())
      .then((blob) => setSrc(URL.createObjectURL(blob)));
  }, [folder, name]);

  return src ? <img src={src} alt={name} /> : null;
}
