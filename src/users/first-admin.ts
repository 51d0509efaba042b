/**
 * Creates the first admin only while the users table is empty ($1 email, $2 password hash).
 * Used at boot and by the seed CLI, which runs before the first boot in `npm run demo`.
 */
export const FIRST_ADMIN_SQL = `
  INSERT INTO users (email, name, password_hash, role)
  SELECT $1, 'Administrator', $2, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users)
  ON CONFLICT DO NOTHING RETURNING id`;
