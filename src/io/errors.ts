/** An input that cannot be analyzed; its message is one line meant for the user. */
export class InputError extends Error {
  constructor(readonly input: string, message: string) {
    super(`${input}: ${message}`);
    this.name = "InputError";
  }
}
