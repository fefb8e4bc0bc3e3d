export * as CustomFields from "./custom-fields";
export type { CustomFieldDefinition, CustomValues, StoredCustomValues, CustomFieldEntityType, LiveDefinitions } from "./custom-fields";
export { validateCustomValues, visibleCustomValues } from "./custom-fields";
