export * as Bulk from "./bulk";
