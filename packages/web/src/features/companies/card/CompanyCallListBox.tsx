import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatPhone } from "../../../format";
import { navigate, paths } from "../../../router";
import type { CompanyDial, NewCallListState } from "../../call-lists/types";
import type { CompanyFields } from "./companyDraft";

/** Managers: put the company on a new call list, dialing its contacts or its own phone. */
export function CompanyCallListBox({ company }: { company: CompanyFields }) {
  const { t } = useTranslation();
  const [dial, setDial] = useState<CompanyDial>("contacts");
  return (
    <div className="card row" role="group" aria-labelledby="company-call-list">
      <span id="company-call-list">{t("companies:callList.label")}</span>
      <label className="check-row">
        <input type="radio" name="company-dial" data-testid="company-dial-contacts" checked={dial === "contacts"} onChange={() => setDial("contacts")} />
        <span>{t("companies:callList.contacts")}</span>
      </label>
      <label className="check-row">
        <input
          type="radio"
          name="company-dial"
          data-testid="company-dial-companyPhone"
          checked={dial === "companyPhone"}
          disabled={company.phones.length === 0}
          onChange={() => setDial("companyPhone")}
        />
        <span>{company.phones[0] ? t("companies:callList.ownPhone", { phone: formatPhone(company.phones[0].number) }) : t("companies:callList.ownPhoneNone")}</span>
      </label>
      <button
        type="button"
        className="button button-primary"
        data-testid="company-add-to-call-list"
        onClick={() => {
          const handOver: NewCallListState = { contacts: [], companies: [{ companyId: company.companyId, name: company.name, dial }] };
          navigate(paths.newCallList, { state: handOver });
        }}
      >
        {t("companies:callList.add")}
      </button>
    </div>
  );
}
