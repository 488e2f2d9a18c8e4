// The DataSource the TypeORM CLI uses (migration:generate); the app builds its own from config.
import { loadConfig } from '../config/config.js';
import { createDataSource } from './data-source.js';

export default createDataSource(loadConfig(process.env));
