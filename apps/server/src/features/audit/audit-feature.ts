/** The audit log: filter and export (admins). */
import { defineFeature } from '../../platform/feature-module';
import { auditRoutes } from './audit-routes';

export const auditFeature = defineFeature({
  name: 'audit',
  create: ({ security }) => ({
    api: async (v1) => {
      await v1.register(auditRoutes, { audit: security.audit });
    },
    operations: ['audit.list', 'audit.export'],
  }),
});
