// The request interceptor (Next 16's proxy.ts, formerly middleware.ts; it runs on Node):
// a signed-out visitor of /account is redirected to /sign-in. The session is read from
// the request's cookies and its tokens verified; when the access token has expired, the
// refresh writes the new tokens to the response's cookies.
import { NextResponse, type NextRequest } from 'next/server';
import { fetchAuthSession } from 'cognito-headless/server';
import { runner } from './lib/server-runner';

export async function proxy(request: NextRequest) {
  const response = NextResponse.next();
  if (!runner) return response; // not configured: the page says so
  const signedIn = await runner.runWithAmplifyServerContext({
    nextServerContext: { request, response },
    operation: async (contextSpec) => {
      try {
        const session = await fetchAuthSession(contextSpec);
        return session.tokens?.accessToken !== undefined;
      } catch {
        return false;
      }
    },
  });
  if (signedIn) return response;
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('next', request.nextUrl.pathname);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ['/account/:path*'],
};
