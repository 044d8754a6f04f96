"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useFocusFirstError } from "@/components/ui/form-errors";
import { signInWithPassword } from "./actions";
import { loginSchema, type LoginForm as Values } from "./login-schema";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [message, setMessage] = useState<string>();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<Values>({
    shouldFocusError: false,
    resolver: zodResolver(loginSchema),
    defaultValues: { email: "", password: "", callbackUrl },
  });
  const formRef = useFocusFirstError(submitCount);

  const onSubmit = handleSubmit(async (values) => {
    setMessage(undefined);
    const result = await signInWithPassword(values);
    if (result?.message) setMessage(result.message);
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="mt-5 space-y-4" aria-describedby={message ? "login-error" : undefined}>
      <Field id="email" label="Email" error={errors.email?.message}>
        {(control) => (
          <input
            type="email"
            autoComplete="username"
            // biome-ignore lint/a11y/noAutofocus: the sign-in page has one task; its first field takes the focus.
            autoFocus
            className={inputClass}
            {...control}
            {...register("email")}
          />
        )}
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        {(control) => (
          <input type="password" autoComplete="current-password" className={inputClass} {...control} {...register("password")} />
        )}
      </Field>
      <div role="alert" aria-live="assertive" id="login-error" className="min-h-5 text-sm text-danger-700">
        {message}
      </div>
      <Button type="submit" variant="primary" className="w-full" busy={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
