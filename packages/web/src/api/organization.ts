// Your profile, the organization's settings, users, custom fields, web forms and notifications.
import { done, ok } from "./responses";
import { client } from "./typed-client";
import type { CreateUserInput, UpdateUserInput, CreateFormInput, UpdateFormInput, WebForm, CustomFieldDefinition, DefineCustomFieldInput, NotificationPage, Me, User, Colleague, OrganizationSettings, UpdateSettingsInput } from "./types";

export const organizationApi = {
  async me(): Promise<Me> {
    return ok(await client.me.$get());
  },

  /** Your own profile: `language` of the console (`null`: the browser's, then the organization's), `phone`. */
  async updateMe(patch: { language?: "ru" | "ro" | "en" | null; phone?: string | null }): Promise<Me> {
    return ok(await client.me.$patch({ json: patch }));
  },

  /** The organization's settings (everyone reads them): default language, phone country, pause reasons… */
  async settings() {
    return ok(await client.settings.$get());
  },

  /** Admins: change any of the organization's settings. */
  async updateSettings(patch: UpdateSettingsInput): Promise<OrganizationSettings> {
    return ok(await client.settings.$patch({ json: patch }));
  },

  async userDirectory(): Promise<Colleague[]> {
    return (await ok(await client.users.directory.$get())).items;
  },

  async listUsers(): Promise<User[]> {
    return (await ok(await client.users.$get())).items;
  },

  async createUser(input: CreateUserInput): Promise<User> {
    return ok(await client.users.$post({ json: input }));
  },

  /** 409 with `errors` naming `active` or `role` when it would take away yourself or the last admin. */
  async updateUser(userId: string, input: UpdateUserInput): Promise<User> {
    return ok(await client.users[":userId"].$patch({ param: { userId }, json: input }));
  },

  async listCustomFields(entity: "contact" | "company"): Promise<CustomFieldDefinition[]> {
    return (await ok(await client["custom-fields"].$get({ query: { entity } }))).items;
  },

  async defineCustomField(input: DefineCustomFieldInput): Promise<CustomFieldDefinition> {
    return ok(await client["custom-fields"].$post({ json: input }));
  },

  async removeCustomField(entityType: string, key: string): Promise<void> {
    return done(await client["custom-fields"][":entityType"][":key"].$delete({ param: { entityType, key } }));
  },

  async listForms(): Promise<WebForm[]> {
    return (await ok(await client.forms.$get())).items;
  },

  async createForm(input: CreateFormInput): Promise<WebForm> {
    return ok(await client.forms.$post({ json: input }));
  },

  async updateForm(formId: string, input: UpdateFormInput): Promise<WebForm> {
    return ok(await client.forms[":formId"].$patch({ param: { formId }, json: input }));
  },

  async deleteForm(formId: string): Promise<void> {
    return done(await client.forms[":formId"].$delete({ param: { formId } }));
  },

  async notifications(): Promise<NotificationPage> {
    return ok(await client.notifications.$get({ query: { limit: "20" } }));
  },

  async markNotificationRead(notificationId: string): Promise<void> {
    return done(await client.notifications[":notificationId"].read.$post({ param: { notificationId } }));
  },
};
