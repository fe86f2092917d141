import type { ErrorRequestHandler } from 'express';

/** Body-parser and routing failures answer as GraphQL-shaped JSON, never an HTML page with a stack. */
export const jsonErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const status =
    typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    status === 500 ? 'Internal server error' : (error?.expose && error.message) || 'Bad request';
  res.status(status).json({
    errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
  });
};
