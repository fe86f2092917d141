/** A person with an account, as the rest of the code sees them (no password hash). */
export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
}
