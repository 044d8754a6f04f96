"use server";
// POST /login (server action) – check the email and password and start a session.
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { SIGN_IN_THROTTLED_MESSAGE } from "@/lib/auth/authenticate";
import { loginSchema, safeReturnPath } from "./login-schema";

export type LoginResult = { message: string } | undefined;

export async function signInWithPassword(input: unknown): Promise<LoginResult> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { message: "Enter your email and password." };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeReturnPath(parsed.data.callbackUrl),
    });
  } catch (error) {
    // One message for every failure: it must not tell which part was wrong.
    if (error instanceof CredentialsSignin && error.code === "throttled") return { message: SIGN_IN_THROTTLED_MESSAGE };
    if (error instanceof AuthError) return { message: "Incorrect email or password." };
    throw error; // the redirect after a successful sign-in
  }
}
