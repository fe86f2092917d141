import { Model } from 'objection';
import type { User } from './user.js';

/** The users table's rows (objection) and their mapping to the domain's `User`: only its repository uses them. */
export class UserRow extends Model {
  static override tableName = 'users';
  declare id: string;
  declare email: string;
  /** `emailKey(email)`: what is unique and looked up (the address is kept as typed). */
  declare emailKey: string;
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
