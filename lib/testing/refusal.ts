import { expect } from "vitest";
import { KeydeskError } from "../errors";

/** The domain error a call is refused with; fails the test when the call goes through. */
export async function refusal(promise: Promise<unknown>): Promise<KeydeskError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(KeydeskError);
    return error as KeydeskError;
  }
  throw new Error("expected the call to be refused");
}
