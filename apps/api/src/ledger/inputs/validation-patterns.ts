/** Shapes checked before a command reaches the domain (which checks the meaning again). */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const ID = /^\S{1,128}$/;
export const VILLAGE_CODE = /^\d{12}$/;
export const TENANT_CODE = /^\d{6}(\d{3})?$/;
export const DATE_MESSAGE = '日期格式应为 YYYY-MM-DD';
export const ID_MESSAGE = '编号不能为空或包含空白字符';
