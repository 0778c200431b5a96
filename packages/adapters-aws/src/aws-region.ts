/** An AWS region, such as `us-east-1`: what the table's and the user pool's region settings accept. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
