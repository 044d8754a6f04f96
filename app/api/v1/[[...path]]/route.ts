// /api/v1/* – the key-authenticated REST API, mounted in the console (same code as the
// dedicated API process: lib/api/app.ts). Cookies and sessions play no part here.
import { handleApiRequest } from "@/lib/api/console-mount";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = handleApiRequest;
export const HEAD = handleApiRequest;
export const POST = handleApiRequest;
export const PUT = handleApiRequest;
export const PATCH = handleApiRequest;
export const DELETE = handleApiRequest;
export const OPTIONS = handleApiRequest;
