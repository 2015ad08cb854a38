export { checkHealth, type HealthReport } from './health.service';
