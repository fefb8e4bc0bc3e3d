/**
 * Stands in for `jsonschema` in the Lambda bundles (esbuild alias in infra/stage.ts). ElectroDB
 * validates every entity model against a JSON schema as the module loads (twice per entity:
 * about 35 ms of a cold start), and uses the same check to tell a model from an Entity instance
 * when a Service is built. The models are fixed at build time and fully validated by every
 * (unbundled) test run and `npm start`, so here only the model-or-instance question is answered:
 * a model has `attributes` and `indexes` at its top level, an Entity instance does not.
 */
type ValidationError = { property: string; argument: string; message: string };

export class Validator {
  /** ElectroDB registers its custom formats on the prototype. */
  customFormats: Record<string, (input: unknown) => boolean> = {};

  validate(instance: unknown): { errors: ValidationError[] } {
    const looksLikeModel =
      typeof instance === "object" && instance !== null && isObject((instance as Record<string, unknown>).attributes) && isObject((instance as Record<string, unknown>).indexes);
    return { errors: looksLikeModel ? [] : [{ property: "instance", argument: "model", message: "is not an entity model" }] };
  }

  addSchema(): void {}
}
Validator.prototype.customFormats = {};

const isObject = (value: unknown) => typeof value === "object" && value !== null;
