import { Injectable } from '@nestjs/common';
import {
  checkParentGroup,
  makeEvent,
  resolveRootGroupId,
  slugTaken,
  validateGroupPatch,
  validateNewGroup,
  withRootPlan,
  type Clock,
  type Group,
} from '@onescale/ontology';
import { isDuplicateKey, ProblemException, problemToException, uuidv7 } from '@onescale/platform';
import { InjectClock } from '../composition';
import { eventIdFor, platformFields } from '../outbox/envelopes';
import { Outbox } from '../outbox/outbox';
import { groupOf, toGroupRow } from '../store/rows';
import { WriteModel } from '../store/write-model';

/** Ingest owns groups: creation, plan/name/status changes, nesting; others learn them from events. */
@Injectable()
export class GroupsService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    @InjectClock() private readonly now: Clock,
  ) {}

  /** The group as it reads: a sub-group shows its root's plan, whatever plan it was once given. */
  async get(groupId: string): Promise<Group | null> {
    const row = await this.model.groups.findOne({ _id: groupId });
    return row ? this.withRootPlan(groupOf(row)) : null;
  }

  async require(groupId: string): Promise<Group> {
    const group = await this.get(groupId);
    if (!group) throw new ProblemException(404, 'not_found', `group ${groupId} not found`);
    return group;
  }

  /** A group that accepts writes: it exists and is active. */
  async requireActive(groupId: string): Promise<Group> {
    const group = await this.require(groupId);
    if (group.status !== 'active')
      throw new ProblemException(409, 'group_inactive', `group ${groupId} is ${group.status}; only active groups accept writes`);
    return group;
  }

  async create(input: unknown): Promise<{ group: Group; position: number | null }> {
    const valid = validateNewGroup(input);
    if (!valid.ok) throw problemToException(valid.problem);
    const spec = valid.value;
    let parent: Group | undefined;
    if (spec.parentGroupId) {
      const checked = checkParentGroup(spec.parentGroupId, (await this.get(spec.parentGroupId)) ?? undefined);
      if (!checked.ok) throw problemToException(checked.problem, checked.problem.code === 'group_not_found' ? 404 : 409);
      parent = checked.value;
    }
    const at = this.now();
    const id = uuidv7(at);
    const group: Group = {
      id,
      slug: spec.slug,
      name: spec.name,
      type: spec.type,
      ...(parent ? { parentGroupId: parent.id } : {}),
      rootGroupId: resolveRootGroupId(parent, id),
      // the parent as read already shows its root's plan
      plan: parent?.plan ?? spec.plan,
      status: 'active',
      settings: spec.settings ?? {},
      createdAt: at,
      updatedAt: at,
    };
    const event = makeEvent(
      'group_created',
      platformFields({ id: eventIdFor(`${id}:created`, at), groupId: id, rootGroupId: group.rootGroupId, at }),
      { group },
    );
    const record = {
      _id: uuidv7(at),
      kind: 'group' as const,
      groupId: id,
      rootGroupId: group.rootGroupId,
      createdAt: at,
      itemIds: [id],
      events: JSON.stringify([event]),
      reservations: [],
      groupVersion: 1,
    };
    await this.outbox.open(record);
    try {
      await this.model.groups.insertOne(toGroupRow(group, 1));
    } catch (error) {
      await this.model.batches.deleteOne({ _id: record._id });
      if (isDuplicateKey(error)) throw problemToException(slugTaken(group.slug), 409);
      throw error;
    }
    return { group, position: await this.outbox.tryPublish(record) };
  }

  async update(groupId: string, patch: unknown): Promise<{ group: Group; position: number | null }> {
    const row = await this.model.groups.findOne({ _id: groupId });
    if (!row) throw new ProblemException(404, 'not_found', `group ${groupId} not found`);
    const current = await this.withRootPlan(groupOf(row));
    const valid = validateGroupPatch(current, patch);
    if (!valid.ok) throw problemToException(valid.problem);
    if (Object.keys(valid.value.changes).length === 0) return { group: current, position: null };
    const at = this.now();
    const group: Group = { ...current, ...valid.value.next, updatedAt: at };
    const version = row.version + 1;
    const fields = platformFields({ id: eventIdFor(`${groupId}:v${version}`, at), groupId, rootGroupId: group.rootGroupId, at });
    const event = makeEvent('group_updated', fields, { group, changes: valid.value.changes });
    const record = {
      _id: uuidv7(at),
      kind: 'group' as const,
      groupId,
      rootGroupId: group.rootGroupId,
      createdAt: at,
      itemIds: [groupId],
      events: JSON.stringify([event]),
      reservations: [],
      groupVersion: version,
    };
    // A claim on this version: of two concurrent changes exactly one inserts it (claims are kept).
    try {
      await this.model.groupClaims.insertOne({ _id: `${groupId}#${version}`, at });
    } catch (error) {
      if (isDuplicateKey(error))
        throw new ProblemException(409, 'conflict', `group ${groupId} was changed concurrently; read it again and retry`);
      throw error;
    }
    await this.outbox.open(record);
    await this.model.groups.replaceOne({ _id: groupId }, toGroupRow(group, version));
    return { group, position: await this.outbox.tryPublish(record) };
  }

  private async withRootPlan(group: Group): Promise<Group> {
    if (group.rootGroupId === group.id) return group;
    const root = await this.model.groups.findOne({ _id: group.rootGroupId });
    return root ? withRootPlan(group, root) : group;
  }
}
