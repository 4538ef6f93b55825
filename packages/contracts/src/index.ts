export * from './errors';
export * from './events';
export * from './issues';
export * from './meta';
export * from './organizations';
