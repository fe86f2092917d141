import { Model } from 'objection';

/** A person with an account, as the rest of the code sees them (no password hash). */
export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}

export class UserRow extends Model {
  static override tableName = 'users';
  declare id: string;
  declare email: string;
  declare name: string;
  declare passwordHash: string;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  createdAt: row.createdAt,
});
