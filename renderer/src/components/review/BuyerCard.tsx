import { useState, type ReactNode } from 'react';
import type { InvoiceDetail } from '../../../../shared/domain';
import { buyerSchema, type BuyerInput, type CodeEntry } from '../../../../shared/review';
import { api } from '../../api';
import { errorField } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useQuery } from '../../hooks/useQuery';
import { ErrorBanner } from '../ErrorBanner';
import { NoticeBanner } from '../NoticeBanner';
import { addressWords, messageFor } from './review-text';

interface Form {
  name: string;
  kind: '' | 'B2B' | 'B2C';
  tin: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  postalZone: string;
  country: string;
  state: string;
  lga: string;
}

type FieldKey = keyof Form;

const LABELS: Record<FieldKey, string> = {
  name: 'Name', kind: 'Buyer type', tin: 'TIN', email: 'Email', phone: 'Phone', street: 'Street', city: 'City / town',
  postalZone: 'Postcode', country: 'Country code', state: 'State', lga: 'Local government area (LGA)',
};

/** A path of the buyer schema ("tin", "address.state") or of the call ("buyer.address.lga") to the form's field. */
function formField(path: string): FieldKey | null {
  const p = path.replace(/^buyer\./, '').replace(/^address\./, '');
  return p in LABELS ? (p as FieldKey) : null;
}

function fromInvoice(inv: InvoiceDetail): Form {
  const a = inv.buyerAddress;
  return {
    name: inv.buyerName ?? '', kind: inv.buyerKindChosen ? inv.buyerKind : '', tin: inv.buyerTin ?? '',
    email: inv.buyerEmail ?? '', phone: inv.buyerPhone ?? '', street: a?.street ?? '', city: a?.city ?? '',
    postalZone: a?.postalZone ?? '', country: a?.country ?? 'NG', state: a?.state ?? '', lga: a?.lga ?? '',
  };
}

/** The form as the call's input; an address with nothing filled in is no address. */
function toInput(f: Form): unknown {
  const blank = (s: string) => (s.trim() ? s.trim() : null);
  const noAddress = !f.street.trim() && !f.city.trim() && !f.state && !f.lga && !f.postalZone.trim();
  return {
    name: f.name,
    tin: blank(f.tin),
    email: blank(f.email),
    // People write phone numbers with spaces and dashes; the number itself is what counts.
    phone: blank(f.phone.replace(/[\s\-().]/g, '')),
    kind: f.kind || null,
    address: noAddress
      ? null
      : { street: f.street, city: f.city, postalZone: blank(f.postalZone), country: f.country.trim().toUpperCase(), state: f.state || null, lga: f.lga || null },
  };
}

function requiredWords(key: FieldKey): string {
  return key === 'name' ? "Enter the buyer's name." : `Enter the ${LABELS[key].toLowerCase()}.`;
}

/** The same checks main makes, here first: errors show at their fields and nothing is sent. */
function check(f: Form): { input: BuyerInput } | { errors: Partial<Record<FieldKey, string>> } {
  const parsed = buyerSchema.safeParse(toInput(f));
  if (parsed.success) return { input: parsed.data };
  const errors: Partial<Record<FieldKey, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = formField(issue.path.map(String).join('.'));
    if (!key || errors[key]) continue;
    errors[key] = issue.code === 'too_small' || (issue.code === 'invalid_type' && key !== 'email') ? requiredWords(key) : issue.message;
  }
  return { errors };
}

const NOT_SAVED = 'Nothing was saved: correct the marked fields.';

interface Props {
  invoice: InvoiceDetail;
  /** Draft or needs review: the owner may still change the buyer. */
  editable: boolean;
  onSaved: () => void;
  /** NRS code → name, for the address. */
  names: (code: string) => string;
}

/** Who the invoice is for: as Square's customer gave it, or as the owner corrected it; editable while under review. */
export function BuyerCard({ invoice: inv, editable, onSaved, names }: Props) {
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const states = useQuery(() => api['codes.search']({ list: 'states' }), 'states');
  const formState = form?.state ?? '';
  const lgas = useQuery(
    () => (formState ? api['codes.search']({ list: 'lgas', state: formState }) : Promise.resolve([] as CodeEntry[])),
    `lgas:${formState}`,
  );

  const action = useAction({
    save: async () => {
      if (!form) return;
      const checked = check(form);
      if ('errors' in checked) {
        setErrors(checked.errors);
        throw new Error(NOT_SAVED);
      }
      try {
        await api['invoices.buyer.set']({ id: inv.id, buyer: checked.input });
      } catch (err) {
        const field = errorField(err);
        const key = field ? formField(field) : null;
        if (!key) throw err;
        setErrors({ [key]: messageFor(err, field!) });
        throw new Error(NOT_SAVED);
      }
      setForm(null);
      setErrors({});
      onSaved();
      return 'Buyer saved.';
    },
  });

  const set = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    action.setNotice(undefined);
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as FieldKey];
      return next;
    });
  };

  const kindWords = `${inv.buyerKind === 'B2B' ? 'Business (B2B)' : 'Consumer (B2C)'}${inv.buyerKindChosen ? '' : inv.buyerTin ? ', because it has a TIN' : ', no TIN'}`;

  return (
    <section className="card buyer-card" data-testid="buyer-card" aria-labelledby="buyer-card-title">
      <div className="card-head">
        <h2 className="card-title" id="buyer-card-title">
          Buyer
        </h2>
        {!form && editable ? (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            data-testid="buyer-edit"
            onClick={() => {
              setForm(fromInvoice(inv));
              setErrors({});
              action.reset();
            }}
          >
            Edit buyer
          </button>
        ) : null}
      </div>
      {form ? (
        <form className="buyer-form" noValidate onSubmit={action.submit('save')} data-testid="buyer-form">
          <div className="form-grid">
            <TextField k="name" form={form} errors={errors} set={set} wide autoComplete="organization" autoFocus />
            <SelectField k="kind" form={form} errors={errors} set={set}>
              <option value="">Automatic: {form.tin.trim() ? 'business' : 'consumer'}</option>
              <option value="B2B">Business (B2B)</option>
              <option value="B2C">Consumer (B2C)</option>
            </SelectField>
            <TextField k="tin" form={form} errors={errors} set={set} placeholder="12345678-0001" help="8 digits, a hyphen and 4 digits." />
            <TextField k="email" form={form} errors={errors} set={set} type="email" placeholder="accounts@example.com" />
            <TextField k="phone" form={form} errors={errors} set={set} type="tel" placeholder="+2348012345678" help="With + and the country code." />
          </div>
          <fieldset className="form-fieldset">
            <legend>Address</legend>
            <div className="form-grid">
              <TextField k="street" form={form} errors={errors} set={set} wide />
              <TextField k="city" form={form} errors={errors} set={set} />
              <TextField k="postalZone" form={form} errors={errors} set={set} />
              <TextField k="country" form={form} errors={errors} set={set} help="Two letters: NG for Nigeria." />
              <SelectField k="state" form={form} errors={errors} set={(p) => set({ ...p, lga: '' })} disabled={form.country.trim().toUpperCase() !== 'NG'}>
                <option value="">Choose a state…</option>
                {(states.data ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </SelectField>
              <SelectField k="lga" form={form} errors={errors} set={set} disabled={!form.state}>
                <option value="">{form.state ? 'Choose an LGA…' : 'Choose the state first'}</option>
                {(lgas.data ?? []).map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.name}
                  </option>
                ))}
              </SelectField>
            </div>
          </fieldset>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-secondary"
              data-testid="buyer-cancel"
              disabled={action.pending !== null}
              onClick={() => {
                setForm(null);
                setErrors({});
                action.reset();
              }}
            >
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" data-testid="buyer-save" disabled={action.pending !== null}>
              {action.pending === 'save' ? 'Saving…' : 'Save buyer'}
            </button>
          </div>
        </form>
      ) : (
        <dl className="facts" data-testid="buyer-facts">
          <Fact label="Name" testId="buyer-name">
            {inv.buyerName ?? <span className="muted">Walk-in customer</span>}
          </Fact>
          <Fact label="Type" testId="buyer-kind">{kindWords}</Fact>
          <Fact label="TIN" testId="buyer-tin">{inv.buyerTin}</Fact>
          <Fact label="Email" testId="buyer-email">{inv.buyerEmail}</Fact>
          <Fact label="Phone" testId="buyer-phone">{inv.buyerPhone}</Fact>
          <Fact label="Address" testId="buyer-address">{inv.buyerAddress ? addressWords(inv.buyerAddress, names) : null}</Fact>
          <Fact label="Source" testId="buyer-source">
            {inv.buyerEdited ? 'Corrected by you' : inv.buyerName ? 'Square customer on the sale' : 'No customer on the sale'}
          </Fact>
        </dl>
      )}
      {!form && !editable ? (
        <p className="card-note" data-testid="buyer-locked">
          {inv.status === 'approved'
            ? 'Approved: reopen the invoice to change the buyer.'
            : inv.status === 'exported'
              ? 'Exported: the buyer can no longer change.'
              : 'A void invoice cannot change.'}
        </p>
      ) : null}
      <ErrorBanner error={action.error} title="Could not save the buyer" />
      <NoticeBanner notice={action.notice} testId="buyer-notice" />
    </section>
  );
}

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

interface FieldProps {
  k: FieldKey;
  form: Form;
  errors: Partial<Record<FieldKey, string>>;
  set: (patch: Partial<Form>) => void;
  help?: string;
  wide?: boolean;
}

function describedBy(k: FieldKey, error: string | undefined, help: string | undefined) {
  return [help ? `buyer-${k}-help` : null, error ? `buyer-${k}-error` : null].filter(Boolean).join(' ') || undefined;
}

function FieldFoot({ k, error, help }: { k: FieldKey; error?: string; help?: string }) {
  return (
    <>
      {error ? (
        <div className="field-error" id={`buyer-${k}-error`} data-testid={`buyer-${k}-error`}>
          {error}
        </div>
      ) : null}
      {help ? (
        <div className="field-help" id={`buyer-${k}-help`}>
          {help}
        </div>
      ) : null}
    </>
  );
}

function TextField({ k, form, errors, set, help, wide, type = 'text', placeholder, autoComplete = 'off', autoFocus }: FieldProps & {
  type?: string;
  placeholder?: string;
  autoComplete?: string;
  autoFocus?: boolean;
}) {
  const error = errors[k];
  return (
    <div className={`form-cell${wide ? ' form-cell-wide' : ''}`}>
      <label className="field-label" htmlFor={`buyer-${k}`}>
        {LABELS[k]}
      </label>
      <input
        id={`buyer-${k}`}
        type={type}
        className={`input${error ? ' input-invalid' : ''}`}
        value={form[k]}
        placeholder={placeholder}
        autoComplete={autoComplete}
        autoFocus={autoFocus}
        spellCheck={false}
        data-testid={`buyer-${k}-input`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(k, error, help)}
        onChange={(e) => set({ [k]: e.target.value })}
      />
      <FieldFoot k={k} error={error} help={help} />
    </div>
  );
}

function SelectField({ k, form, errors, set, help, disabled, children }: FieldProps & { disabled?: boolean; children: ReactNode }) {
  const error = errors[k];
  return (
    <div className="form-cell">
      <label className="field-label" htmlFor={`buyer-${k}`}>
        {LABELS[k]}
      </label>
      <select
        id={`buyer-${k}`}
        className={`input${error ? ' input-invalid' : ''}`}
        value={form[k]}
        disabled={disabled}
        data-testid={`buyer-${k}-input`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(k, error, help)}
        onChange={(e) => set({ [k]: e.target.value })}
      >
        {children}
      </select>
      <FieldFoot k={k} error={error} help={help} />
    </div>
  );
}
