/**
 * The operations of the Identity Provider JSON API, by the name in `X-Amz-Target`. Adding an
 * operation is one file in this folder and one line here.
 */
import type { Operation, Services } from '../services.js';
import { adminAddUserToGroup } from './admin-add-user-to-group.js';
import { adminConfirmSignUp } from './admin-confirm-sign-up.js';
import { adminCreateUser } from './admin-create-user.js';
import { adminDeleteUser } from './admin-delete-user.js';
import { adminDeleteUserAttributes } from './admin-delete-user-attributes.js';
import { adminDisableUser } from './admin-disable-user.js';
import { adminEnableUser } from './admin-enable-user.js';
import { adminGetUser } from './admin-get-user.js';
import { adminInitiateAuth } from './admin-initiate-auth.js';
import { adminListGroupsForUser } from './admin-list-groups-for-user.js';
import { adminRemoveUserFromGroup } from './admin-remove-user-from-group.js';
import { adminResetUserPassword } from './admin-reset-user-password.js';
import { adminRespondToAuthChallenge } from './admin-respond-to-auth-challenge.js';
import { adminSetUserPassword } from './admin-set-user-password.js';
import { adminUpdateUserAttributes } from './admin-update-user-attributes.js';
import { adminUserGlobalSignOut } from './admin-user-global-sign-out.js';
import { changePassword } from './change-password.js';
import { confirmForgotPassword } from './confirm-forgot-password.js';
import { confirmSignUp } from './confirm-sign-up.js';
import { createGroup } from './create-group.js';
import { createUserPoolClient } from './create-user-pool-client.js';
import { deleteUser } from './delete-user.js';
import { deleteUserAttributes } from './delete-user-attributes.js';
import { describeResourceServer } from './describe-resource-server.js';
import { describeUserPool } from './describe-user-pool.js';
import { describeUserPoolClient } from './describe-user-pool-client.js';
import { describeUserPoolDomain } from './describe-user-pool-domain.js';
import { forgotPassword } from './forgot-password.js';
import { getUser } from './get-user.js';
import { globalSignOut } from './global-sign-out.js';
import { initiateAuth } from './initiate-auth.js';
import { listGroups } from './list-groups.js';
import { listResourceServers } from './list-resource-servers.js';
import { listUserPoolClients } from './list-user-pool-clients.js';
import { listUserPools } from './list-user-pools.js';
import { listUsers } from './list-users.js';
import { resendConfirmationCode } from './resend-confirmation-code.js';
import { respondToAuthChallenge } from './respond-to-auth-challenge.js';
import { revokeToken } from './revoke-token.js';
import { signUp } from './sign-up.js';
import { updateUserAttributes } from './update-user-attributes.js';
import { updateUserPoolClient } from './update-user-pool-client.js';
import { verifyUserAttribute } from './verify-user-attribute.js';

/** Any operation, seen from the router: it validates its own request. */
export type AnyOperation = Operation<never, unknown>;

/**
 * Every operation, each given the services it asks for.
 *
 * @example
 * const handler = operations(services).AdminGetUser;
 */
export function operations(services: Services): Readonly<Record<string, AnyOperation>> {
  return {
    AdminAddUserToGroup: adminAddUserToGroup(services),
    AdminConfirmSignUp: adminConfirmSignUp(services),
    AdminCreateUser: adminCreateUser(services),
    AdminDeleteUser: adminDeleteUser(services),
    AdminDeleteUserAttributes: adminDeleteUserAttributes(services),
    AdminDisableUser: adminDisableUser(services),
    AdminEnableUser: adminEnableUser(services),
    AdminGetUser: adminGetUser(services),
    AdminInitiateAuth: adminInitiateAuth(services),
    AdminListGroupsForUser: adminListGroupsForUser(services),
    AdminRemoveUserFromGroup: adminRemoveUserFromGroup(services),
    AdminResetUserPassword: adminResetUserPassword(services),
    AdminRespondToAuthChallenge: adminRespondToAuthChallenge(services),
    AdminSetUserPassword: adminSetUserPassword(services),
    AdminUpdateUserAttributes: adminUpdateUserAttributes(services),
    AdminUserGlobalSignOut: adminUserGlobalSignOut(services),
    ChangePassword: changePassword(services),
    ConfirmForgotPassword: confirmForgotPassword(services),
    ConfirmSignUp: confirmSignUp(services),
    CreateGroup: createGroup(services),
    CreateUserPoolClient: createUserPoolClient(services),
    DeleteUser: deleteUser(services),
    DeleteUserAttributes: deleteUserAttributes(services),
    DescribeResourceServer: describeResourceServer(services),
    DescribeUserPool: describeUserPool(services),
    DescribeUserPoolClient: describeUserPoolClient(services),
    DescribeUserPoolDomain: describeUserPoolDomain(services),
    ForgotPassword: forgotPassword(services),
    GetUser: getUser(services),
    GlobalSignOut: globalSignOut(services),
    InitiateAuth: initiateAuth(services),
    ListGroups: listGroups(services),
    ListResourceServers: listResourceServers(services),
    ListUserPoolClients: listUserPoolClients(services),
    ListUserPools: listUserPools(services),
    ListUsers: listUsers(services),
    ResendConfirmationCode: resendConfirmationCode(services),
    RespondToAuthChallenge: respondToAuthChallenge(services),
    RevokeToken: revokeToken(services),
    SignUp: signUp(services),
    UpdateUserAttributes: updateUserAttributes(services),
    UpdateUserPoolClient: updateUserPoolClient(services),
    VerifyUserAttribute: verifyUserAttribute(services),
  };
}
