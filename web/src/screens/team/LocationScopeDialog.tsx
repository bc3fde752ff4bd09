import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client';
import { SetMemberLocationsDocument } from './team.graphql';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../errors/ErrorMessage';

interface Props {
  member: { user: { id: string; name: string }; locations: { id: string }[] };
  locations: { id: string; name: string }[];
  onClose: () => void;
}

/** Restricts a member or viewer to some locations; none checked lifts the restriction. */
export function LocationScopeDialog({ member, locations, onClose }: Props) {
  const [chosen, setChosen] = useState(() => new Set(member.locations.map((l) => l.id)));
  const [save, { loading, error }] = useMutation(SetMemberLocationsDocument, { refetchQueries: ['Members'] });
  const toggle = (id: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await save({ variables: { input: { userId: member.user.id, locationIds: [...chosen] } } }).catch(() => null);
    if (result?.data) onClose();
  };
  return (
    <Dialog title={`Locations of ${member.user.name}`} open onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <p className="muted">They will see and move stock only at the checked locations. Leave all unchecked for every location.</p>
        <fieldset className="stack">
          <legend className="visually-hidden">Locations</legend>
          {locations.map((location) => (
            <label key={location.id} className="check">
              <input type="checkbox" checked={chosen.has(location.id)} onChange={() => toggle(location.id)} />
              {location.name}
            </label>
          ))}
        </fieldset>
        <ErrorMessage error={error} />
        <div className="row end">
          <button type="button" className="ghost" onClick={onClose}>Cancel</button>
          <button className="primary" disabled={loading}>Save locations</button>
        </div>
      </form>
    </Dialog>
  );
}
