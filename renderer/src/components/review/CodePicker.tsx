import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { CodeEntry } from '../../../../shared/review';
import { api } from '../../api';
import { errorMessage } from '../../format';

const SEARCH_DEBOUNCE_MS = 200;

interface Props {
  list: 'hs' | 'isic' | 'countries';
  label: string;
  placeholder?: string;
  testId: string;
  /** The entry picked so far (shown in the box). */
  value: CodeEntry | null;
  onPick: (entry: CodeEntry) => void;
  error?: string;
}

/**
 * Search-as-you-type over one NRS code list (an ARIA combobox): typing searches codes and names on the main side,
 * the arrows move through the answers, Enter or a click picks one, Escape closes the list.
 */
export function CodePicker({ list, label, placeholder, testId, value, onPick, error }: Props) {
  const id = useId();
  const [text, setText] = useState(value ? `${value.code} ${value.name}` : '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<CodeEntry[]>([]);
  const [active, setActive] = useState(0);
  const [failure, setFailure] = useState<string>();
  // Searches run while the owner is choosing (focus or typing), not for the text a pick put in the box.
  const [searching, setSearching] = useState(false);

  // The text a pick put in the box searches for everything again, so the owner can pick another.
  const query = value && text === `${value.code} ${value.name}` ? '' : text;
  useEffect(() => {
    if (!searching) return;
    let current = true;
    const timer = setTimeout(() => {
      api['codes.search']({ list, query }).then(
        (found) => {
          if (!current) return;
          setOptions(found);
          setActive(0);
          setFailure(undefined);
        },
        (err: unknown) => current && setFailure(errorMessage(err)),
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [list, query, searching]);

  const pick = (entry: CodeEntry) => {
    setSearching(false);
    setText(`${entry.code} ${entry.name}`);
    setOpen(false);
    onPick(entry);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(options.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && options[active]) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const shown = open && options.length > 0;
  const problem = error ?? failure;
  return (
    <div className="code-picker">
      <label className="field-label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <input
        id={`${id}-input`}
        className={`input${problem ? ' input-invalid' : ''}`}
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown ? `${id}-opt-${active}` : undefined}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={text}
        data-testid={testId}
        onChange={(e) => {
          setSearching(true);
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => {
          if (!options.length) setSearching(true);
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={label} className="code-options" hidden={!shown} data-testid={`${testId}-options`}>
        {options.map((o, i) => (
          <li
            key={o.code}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            className={`code-option${i === active ? ' is-active' : ''}`}
            data-testid={`${testId}-option`}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            <span className="code-option-code">{o.code}</span> <span>{o.name}</span>
          </li>
        ))}
      </ul>
      {problem ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {problem}
        </div>
      ) : null}
    </div>
  );
}
