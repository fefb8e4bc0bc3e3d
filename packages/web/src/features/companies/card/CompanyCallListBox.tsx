import { useState } from "react";
import { navigate, paths } from "../../../router";
import type { CompanyDial, NewCallListState } from "../../../pages/NewCallListPage";
import type { CompanyFields } from "./companyDraft";

/** Managers: put the company on a new call list, dialing its contacts or its own phone. */
export function CompanyCallListBox({ company }: { company: CompanyFields }) {
  const [dial, setDial] = useState<CompanyDial>("contacts");
  return (
    <div className="card row" role="group" aria-labelledby="company-call-list">
      <span id="company-call-list">Call list:</span>
      <label className="check-row">
        <input type="radio" name="company-dial" data-testid="company-dial-contacts" checked={dial === "contacts"} onChange={() => setDial("contacts")} />
        <span>the company's contacts</span>
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
        <span>the company's own phone{company.phones[0] ? ` (${company.phones[0].number})` : " (it has none)"}</span>
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
        Add to call list
      </button>
    </div>
  );
}
