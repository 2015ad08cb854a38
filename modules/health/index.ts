export { checkHealth, createHealthCheck, publicHealthReport, type HealthReport, type PublicHealthReport } from './health.service';
