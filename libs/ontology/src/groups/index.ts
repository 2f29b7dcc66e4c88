export {
  defaultPlanFor,
  slugify,
  subGroupHasNoPlan,
  withRootPlan,
  MAX_GROUP_NAME_LENGTH,
  MAX_SLUG_LENGTH,
  SLUG_PATTERN,
} from './group-fields';
export { validateNewGroup, checkParentGroup, resolveRootGroupId, slugTaken, type NewGroup } from './validate-new-group';
export { validateGroupPatch, type GroupField, type GroupUpdate } from './validate-group-patch';
