// Auth.js endpoints (session, CSRF, sign-in callbacks).
export { GET, POST } from "@/lib/auth/handlers";
