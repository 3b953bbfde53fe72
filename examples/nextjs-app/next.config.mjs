/** @type {import('next').NextConfig} */
const nextConfig = {
  // the app is deployed under https://example.com/kb
  basePath: '/kb',
  reactStrictMode: true,
  async rewrites() {
    return [
      // feed readers ask for /kb/feed.xml; the route handler lives at /kb/api/feed
      { source: '/feed.xml', destination: '/api/feed' },
    ];
  },
};

export default nextConfig;
