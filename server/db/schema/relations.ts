import { relations } from 'drizzle-orm';
import { account, session, user } from './auth';
import { department } from './department';
import { roleGrant } from './role-grant';

export const userRelations = relations(user, ({ one, many }) => ({
  department: one(department, { fields: [user.departmentId], references: [department.id] }),
  roles: many(roleGrant),
  sessions: many(session),
  accounts: many(account),
}));

export const roleGrantRelations = relations(roleGrant, ({ one }) => ({
  user: one(user, { fields: [roleGrant.userId], references: [user.id] }),
}));

export const departmentRelations = relations(department, ({ many }) => ({
  users: many(user),
}));

export const sessionRelations = relations(session, ({ one }) => ({
  user: one(user, { fields: [session.userId], references: [user.id] }),
}));

export const accountRelations = relations(account, ({ one }) => ({
  user: one(user, { fields: [account.userId], references: [user.id] }),
}));
