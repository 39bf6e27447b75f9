export * from './auth';
export * from './department';
export * from './role-grant';
export * from './audit';
export * from './system-setting';
export * from './register';
export * from './relations';
