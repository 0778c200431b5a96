// The cold-start floor: a handler module that does nothing.
export const handler = async () => ({ statusCode: 200, body: '' });
