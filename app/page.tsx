import { redirect } from "next/navigation";

// The console opens on the user's keys; signed-out visitors are sent to /login from there.
export default function Home() {
  redirect("/profile/api-keys");
}
