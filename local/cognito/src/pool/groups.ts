/**
 * The pool's groups and their members. A user's groups travel in its tokens as
 * `cognito:groups`, ordered by precedence, then by name.
 */
import { CognitoError } from '../errors.js';
import type { GroupRecord, UserRecord } from './storage.js';
import type { Users } from './users.js';

export interface GroupsContext {
  readonly users: Users;
  readonly now: () => number;
  /** Saves the pool file, where groups live. */
  readonly save: () => void;
}

/** The pool's groups. */
export class Groups {
  readonly #records: GroupRecord[];
  readonly #context: GroupsContext;

  constructor(records: GroupRecord[], context: GroupsContext) {
    this.#records = records;
    this.#context = context;
  }

  list(): readonly GroupRecord[] {
    return this.#records;
  }

  find(name: string | undefined): GroupRecord | undefined {
    return this.#records.find((group) => group.name === name);
  }

  /** The group, or ResourceNotFoundException: `Group not found.` */
  require(name: string | undefined): GroupRecord {
    const group = this.find(name);
    if (!group) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  /**
   * CreateGroup; GroupExistsException when the name is taken.
   *
   * @example
   * groups.create({ name: 'editors', precedence: 1 });
   */
  create(input: { name: string; description?: string; precedence?: number; roleArn?: string }): GroupRecord {
    if (this.find(input.name)) throw new CognitoError('GroupExistsException', 'A group with the name already exists.');
    const now = this.#context.now();
    const group: GroupRecord = {
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.precedence !== undefined ? { precedence: input.precedence } : {}),
      ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
      createdAt: now,
      lastModifiedAt: now,
    };
    this.#records.push(group);
    this.#context.save();
    return group;
  }

  /** AdminAddUserToGroup (adding twice is not an error). */
  addUser(user: UserRecord, group: GroupRecord): void {
    if (user.groups.includes(group.name)) return;
    user.groups.push(group.name);
    this.#context.users.touch(user);
  }

  /** AdminRemoveUserFromGroup. */
  removeUser(user: UserRecord, group: GroupRecord): void {
    user.groups = user.groups.filter((name) => name !== group.name);
    this.#context.users.touch(user);
  }

  /** The user's groups, by precedence then name, as `cognito:groups` lists them. */
  namesOf(user: UserRecord): string[] {
    const precedence = (name: string) => this.find(name)?.precedence ?? Number.MAX_SAFE_INTEGER;
    return [...user.groups].sort((a, b) => precedence(a) - precedence(b) || a.localeCompare(b));
  }
}
