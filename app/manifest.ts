import type { MetadataRoute } from 'next';
import { buildWebAppManifest } from '@/modules/pwa';

export default function manifest(): MetadataRoute.Manifest {
  return buildWebAppManifest();
}
