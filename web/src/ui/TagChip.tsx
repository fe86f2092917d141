import { type FragmentType, getFragmentData, graphql } from '../gql';

export const TagChip_TagFragment = graphql(`
  fragment TagChip_TagFragment on Tag {
    id
    name
    color
  }
`);

/** A tag's name with its color as a dot; the name is text, never markup. */
export function TagChip(props: { tag: FragmentType<typeof TagChip_TagFragment> }) {
  const tag = getFragmentData(TagChip_TagFragment, props.tag);
  return <TagLabel name={tag.name} color={tag.color} />;
}

export function TagLabel({ name, color }: { name: string; color?: string | null }) {
  return (
    <span className="tag-chip" style={color ? ({ '--tag-color': color } as React.CSSProperties) : undefined}>
      <span className="tag-dot" aria-hidden="true" />
      <span className="tag-name">{name}</span>
    </span>
  );
}
