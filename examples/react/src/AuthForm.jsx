// One form for every route: the inputs are the facade's `fields`, their values its
// `formValues`, their errors its `validationErrors` (shown next to each field once it was
// blurred or submitted), and the submit button is disabled while `isPending`.
import { useId, useState } from 'react';
import { useAuthenticator } from 'cognito-headless/react';

const OPTION_LABELS = {
  TOTP: 'Authenticator app',
  SMS: 'Text message',
  EMAIL: 'Email',
  email: 'Email address',
  phone_number: 'Phone number',
  PASSWORD: 'Password',
  PASSWORD_SRP: 'Password (SRP)',
  EMAIL_OTP: 'Code by email',
  SMS_OTP: 'Code by text message',
  WEB_AUTHN: 'Passkey',
};

function inputType(type) {
  if (type === 'number') return 'text'; // codes: keep leading zeros
  return type || 'text';
}

function Errors({ id, messages }) {
  if (!messages?.length) return null;
  return (
    <ul className="field-errors" id={id} data-testid="field-errors">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

function Field({ field, value, errors, onChange, onBlur, autoFocus, details }) {
  const id = `field-${field.name}`;
  const errId = `${id}-errors`;
  const [shown, setShown] = useState(false);
  if (field.type === 'radio') {
    return (
      <fieldset className={`field ${errors?.length ? 'invalid' : ''}`}>
        <legend>{field.label}</legend>
        <div className="options">
          {(field.options ?? []).map((option, i) => (
            <label key={option} className={`option ${value === option ? 'on' : ''}`}>
              <input
                type="radio"
                name={field.name}
                value={option}
                checked={value === option}
                required={field.isRequired}
                autoFocus={autoFocus && i === 0}
                onChange={() => onChange(option)}
                onBlur={onBlur}
              />
              {OPTION_LABELS[option] ?? option}
              {details?.[option] && <span className="muted"> {details[option]}</span>}
            </label>
          ))}
        </div>
        <Errors id={errId} messages={errors} />
      </fieldset>
    );
  }
  const isPassword = field.type === 'password';
  const isCode = field.name === 'confirmation_code';
  return (
    <div className={`field ${errors?.length ? 'invalid' : ''}`}>
      <label htmlFor={id}>
        {field.label}
        {!field.isRequired && <span className="muted"> (optional)</span>}
      </label>
      <div className="input-row">
        <input
          id={id}
          name={field.name}
          type={isPassword && shown ? 'text' : inputType(field.type)}
          inputMode={isCode ? 'numeric' : undefined}
          autoComplete={field.autocomplete}
          required={field.isRequired}
          autoFocus={autoFocus}
          value={value ?? ''}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? errId : undefined}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        {isPassword && (
          <button type="button" className="reveal" onClick={() => setShown((s) => !s)} aria-label={shown ? 'Hide password' : 'Show password'}>
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
      </div>
      <Errors id={errId} messages={errors} />
    </div>
  );
}

/**
 * @param {{ title: string, subtitle?: string, submitLabel: string, pendingLabel?: string,
 *   before?: any, after?: any, direct?: (values: Record<string, string>) => Promise<any> }} props
 *   `direct`: submit by calling this instead of submitForm (after the facade's own checks
 *   found every required field filled).
 */
/**
 * The facade's fields with each radio group as one field (`options`: the values). Amplify
 * UI's facade lists a radio group one entry per choice; verifyUser's entries are named by
 * the attribute, and the choice is submitted as `unverifiedAttr`.
 */
function radioGroups(fields, route) {
  const out = [];
  for (const f of fields) {
    if (f.type !== 'radio') {
      out.push(f);
      continue;
    }
    const name = route === 'verifyUser' ? 'unverifiedAttr' : f.name;
    const option = route === 'verifyUser' ? f.name : f.value;
    const group = out.find((g) => g.name === name);
    if (group) group.options.push(option);
    else out.push({ name, label: route === 'verifyUser' ? 'Verify' : 'MFA Type', type: 'radio', isRequired: true, options: [option] });
  }
  return out;
}

export function AuthForm({ title, subtitle, submitLabel, pendingLabel, before, after, direct, fields: given }) {
  const facade = useAuthenticator();
  const { formValues, validationErrors, isPending, error, submitForm, updateForm, updateBlur, unverifiedUserAttributes } = facade;
  const fields = given ?? radioGroups(facade.fields, facade.route);
  const [local, setLocal] = useState({ pending: false, error: undefined });
  const headingId = useId();
  const pending = isPending || local.pending;
  const shownError = local.error ?? error;

  const onSubmit = async (event) => {
    event.preventDefault();
    // What the browser holds (autofill included) goes in with the submit.
    const data = {};
    for (const [k, v] of new FormData(event.currentTarget)) if (typeof v === 'string' && k !== 'authFlowType') data[k] = v;
    const values = { ...formValues, ...data };
    const missing = fields.some((f) => f.isRequired && !(values[f.name] ?? '').trim());
    if (!direct || missing) {
      setLocal({ pending: false, error: undefined });
      submitForm(data);
      return;
    }
    setLocal({ pending: true, error: undefined });
    try {
      const out = await direct(values);
      if (out && out.isSignedIn === false) {
        setLocal({
          pending: false,
          error: { name: 'NextStep', message: `This flow continues with ${out.nextStep?.signInStep}; use the SRP flow to answer challenges here.` },
        });
        return;
      }
      setLocal({ pending: false, error: undefined });
    } catch (e) {
      setLocal({ pending: false, error: { name: e?.name ?? 'Error', message: e?.message ?? String(e) } });
    }
  };

  return (
    <main className="card narrow" aria-labelledby={headingId}>
      <h1 id={headingId}>{title}</h1>
      {subtitle && <p className="muted subtitle">{subtitle}</p>}
      {before}
      <form onSubmit={onSubmit} noValidate data-testid="auth-form">
        {fields.map((field, i) => (
          <Field
            key={field.name}
            field={field}
            value={formValues?.[field.name]}
            errors={validationErrors?.[field.name]}
            details={field.name === 'unverifiedAttr' ? unverifiedUserAttributes : undefined}
            autoFocus={i === 0}
            onChange={(value) => updateForm({ name: field.name, value })}
            onBlur={() => updateBlur({ name: field.name })}
          />
        ))}
        {shownError && (
          <div className="alert" role="alert" data-testid="auth-error">
            <strong>{shownError.name}</strong>
            <span>{shownError.message}</span>
          </div>
        )}
        <button type="submit" className="primary" disabled={pending} data-testid="submit">
          {pending ? (
            <>
              <span className="spinner" aria-hidden="true" /> {pendingLabel ?? 'Working…'}
            </>
          ) : (
            submitLabel
          )}
        </button>
      </form>
      {after}
    </main>
  );
}
