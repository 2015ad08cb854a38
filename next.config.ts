import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages Next should load from node_modules rather than bundle.
  serverExternalPackages: ['undici', 'tough-cookie', '@upstash/qstash', 'postgres'],
  typescript: { ignoreBuildErrors: false },
  // `npm test` builds into its own folder so it never fights with `npm run dev` over `.next`.
  distDir: process.env.PREBOOKER_NEXT_DIST_DIR ?? '.next',
};

export default nextConfig;
