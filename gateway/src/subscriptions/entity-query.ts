import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';

/** The variable that carries the entity id in derived queries; no client operation uses this name. */
export const ENTITY_ID_VARIABLE = 'taskflowEntityId';

export interface EntityQuery {
  /** `query ($taskflowEntityId: ID!, …) { <alias>: <root>(id: $taskflowEntityId) { …the client's selection… } }` */
  text: string;
  /** The client's variables the selection uses. */
  variables: Record<string, unknown>;
  /** Same text and variables, same result: subscriptions with equal keys share one fetch per event. */
  key: string;
}

/**
 * Turns the client's selection under a subscription payload field (`taskChanged { task { … } }`),
 * or under the subscription field itself when `payloadField` is null (`notificationReceived { … }`),
 * into a query on the matching root field (`task(id:)`), keeping aliases, directives, the
 * fragments it uses and the variables it needs. Null when the client did not select the field.
 */
export function deriveEntityQuery(
  info: GraphQLResolveInfo,
  payloadField: string | null,
  rootField: string,
): EntityQuery | null {
  const fields =
    payloadField === null
      ? info.fieldNodes.map((node) => ({ ...node, directives: [] }))
      : collectFields(info.fieldNodes[0]!.selectionSet, payloadField, info.fragments);
  if (fields.length === 0) return null;
  const selections: FieldNode[] = fields.map((field) => ({
    ...field,
    alias: { kind: Kind.NAME, value: (field.alias ?? field.name).value },
    name: { kind: Kind.NAME, value: rootField },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'id' },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
      },
    ],
  }));
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections };
  const fragments = reachableFragments(selectionSet, info.fragments);
  const used = usedVariables([selectionSet, ...fragments.map((f) => f.selectionSet)]);
  const definitions = (info.operation.variableDefinitions ?? []).filter((d) =>
    used.has(d.variable.name.value),
  );
  const idDefinition: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: ENTITY_ID_VARIABLE } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } },
    },
  };
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: `Subscription_${payloadField ?? rootField}` },
    variableDefinitions: [idDefinition, ...definitions],
    selectionSet,
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  const text = print(document);
  const variables = Object.fromEntries(
    definitions.map((d) => [d.variable.name.value, info.variableValues[d.variable.name.value]]),
  );
  return { text, variables, key: `${text}\n${JSON.stringify(variables)}` };
}

/** Every `payloadField` selected on the payload type, through inline fragments and spreads. */
function collectFields(
  selectionSet: SelectionSetNode | undefined,
  payloadField: string,
  fragments: Record<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value === payloadField) found.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      found.push(...collectFields(selection.selectionSet, payloadField, fragments, seen));
    else if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      found.push(
        ...collectFields(fragments[selection.name.value]?.selectionSet, payloadField, fragments, seen),
      );
    }
  }
  return found;
}

function reachableFragments(
  root: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const reached = new Map<string, FragmentDefinitionNode>();
  const pending: SelectionSetNode[] = [root];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments[node.name.value];
        if (fragment && !reached.has(node.name.value)) {
          reached.set(node.name.value, fragment);
          pending.push(fragment.selectionSet);
        }
      },
    });
  }
  return [...reached.values()];
}

function usedVariables(nodes: SelectionSetNode[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return names;
}
