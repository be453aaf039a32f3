/**
 * The console's combobox (a text input with a list to pick from, found by typing): Downshift's `useCombobox` for the
 * WAI-ARIA 1.2 pattern (role="combobox" on the input, aria-activedescendant, aria-expanded, arrows, Enter, Escape,
 * Home/End), with the console's markup, styles and words. It is its own chunk: pages load it lazily (`LazyCombobox`).
 * Typing matches any part of an item's text, ignoring case and accents («nunoa» finds «Ñuñoa»).
 */
import { useCombobox } from 'downshift';
import { useMemo, useState, type ReactNode } from 'react';

export interface ComboboxProps<Item> {
  id: string;
  label: string;
  /** The label is read by screen readers only (a header with little room). */
  hideLabel?: boolean;
  items: readonly Item[];
  /** A stable key for an item (its id). */
  itemKey(item: Item): string;
  /** What an item is found by and shows in the input once picked. */
  itemText(item: Item): string;
  /** How an item shows in the list (its text unless told). */
  renderItem?(item: Item): ReactNode;
  selected: Item | null;
  onSelect(item: Item | null): void;
  /** What a screen reader hears as the list changes: how many items match, in the reader's language. */
  statusText(count: number): string;
  /** The name of the button that opens the whole list. */
  toggleLabel: string;
  /** Said under the input when nothing matches. */
  emptyText: string;
  placeholder?: string;
  disabled?: boolean;
  describedBy?: string | undefined;
  className?: string;
}

/** Lower case without accents, for matching what is typed. */
export const folded = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export function Combobox<Item>(props: ComboboxProps<Item>) {
  const { items, itemKey, itemText, selected } = props;
  const [query, setQuery] = useState<string | null>(null);
  const shown = useMemo(() => {
    if (query === null || query.trim() === '') return items;
    const q = folded(query.trim());
    return items.filter((item) => folded(itemText(item)).includes(q));
  }, [items, itemText, query]);

  const box = useCombobox<Item>({
    id: props.id,
    inputId: props.id,
    items: shown as Item[],
    itemToString: (item) => (item ? itemText(item) : ''),
    itemToKey: (item) => (item ? itemKey(item) : null),
    selectedItem: selected,
    // Enter takes the first match of what was typed.
    defaultHighlightedIndex: 0,
    onSelectedItemChange: ({ selectedItem }) => props.onSelect(selectedItem ?? null),
    // Typing filters; opening, picking or leaving shows the whole list again next time.
    onInputValueChange: ({ inputValue, type }) => setQuery(type === useCombobox.stateChangeTypes.InputChange ? inputValue : null),
    onIsOpenChange: ({ isOpen }) => {
      if (!isOpen) setQuery(null);
    },
    getA11yStatusMessage: ({ isOpen }) => (isOpen ? props.statusText(shown.length) : ''),
  });

  return (
    <div className={`combobox${props.className ? ` ${props.className}` : ''}`}>
      <label {...box.getLabelProps()} className={props.hideLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <div className="combobox-control">
        <input
          {...box.getInputProps({ disabled: props.disabled, placeholder: props.placeholder, 'aria-describedby': props.describedBy })}
          className="combobox-input"
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" {...box.getToggleButtonProps({ disabled: props.disabled })} className="combobox-toggle" tabIndex={-1} aria-label={props.toggleLabel}>
          <span aria-hidden="true">▾</span>
        </button>
      </div>
      <ul {...box.getMenuProps()} className="combobox-list" hidden={!box.isOpen}>
        {box.isOpen &&
          shown.map((item, index) => (
            <li
              key={itemKey(item)}
              {...box.getItemProps({ item, index })}
              className={`combobox-option${box.highlightedIndex === index ? ' is-highlighted' : ''}${selected && itemKey(selected) === itemKey(item) ? ' is-selected' : ''}`}
            >
              {props.renderItem ? props.renderItem(item) : itemText(item)}
            </li>
          ))}
      </ul>
      {box.isOpen && shown.length === 0 && <p className="combobox-empty">{props.emptyText}</p>}
    </div>
  );
}
