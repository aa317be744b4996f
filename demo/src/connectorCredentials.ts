/** Configuration fragments several connector blueprints share. */

export const userPassword = (username: string, password: string) => ({
  auth_type: 'username/password',
  username,
  password,
});
